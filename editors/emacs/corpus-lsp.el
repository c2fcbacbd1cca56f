;;; corpus-lsp.el --- Eglot set-up for corpus-lsp  -*- lexical-binding: t; -*-

;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; corpus-lsp, the language server for annotating a corpus of news
;; articles, in Emacs through eglot: built into Emacs 29+,
;; Debian's `elpa-eglot' on Emacs 28.  Put this folder on `load-path' and:
;;
;;   (require 'corpus-lsp)
;;   (add-hook 'corpus-mode-hook #'eglot-ensure)
;;   (add-hook 'corpus-json-mode-hook #'eglot-ensure)
;;
;; What it sets up:
;; - `corpus-mode' (derived from `text-mode') for a .txt file that has a
;;   corpus.json in its folder or a parent folder; other .txt files keep
;;   `text-mode'.  `corpus-lsp-detect-txt' nil turns that off.
;; - `corpus-json-mode' (derived from `js-json-mode', or `js-mode' on 28)
;;   for corpus.json itself, which the server checks (`catalog-error').
;; - the server command for both modes in `eglot-server-programs', with
;;   `initializationOptions' built from `corpus-lsp-severity' and
;;   `corpus-lsp-inlay-hints' (the keys VS Code sends: `corpusLsp.inlayHints'
;;   is "first-in-paragraph", "all" or "off");
;; - a fallback project: without a VCS checkout around the file, the folder of
;;   the nearest corpus.json is the project root eglot gives the server.
;;
;; Severities can also come per corpus from a .dir-locals.el (sent by eglot
;; as `workspace/didChangeConfiguration', replacing the options above):
;;   ((nil . ((eglot-workspace-configuration
;;             . (:corpusLsp (:severity (:unannotated-mention "off")))))))

;;; Code:

(require 'cl-lib)
(require 'project)

(defgroup corpus-lsp nil
  "The corpus-lsp language server through eglot."
  :group 'tools
  :prefix "corpus-lsp-")

(defcustom corpus-lsp-server-command '("corpus-lsp" "serve" "--stdio")
  "The server program and its arguments."
  :type '(repeat string))

(defconst corpus-lsp--levels '("off" "hint" "information" "warning" "error"))

(defun corpus-lsp--set (symbol value)
  "Set SYMBOL to VALUE and send the settings to running servers."
  (set-default symbol value)
  (when (fboundp 'corpus-lsp-apply-settings)
    (corpus-lsp-apply-settings)))

(defcustom corpus-lsp-severity nil
  "Severity per diagnostic code, over the defaults and corpus.json's own.
An alist of (CODE . LEVEL): CODE one of `unknown-entity',
`unknown-tag', `malformed-markup', `alias-mismatch',
`unannotated-mention', `catalog-error'; LEVEL one of \"off\",
\"hint\", \"information\", \"warning\", \"error\".  Sent as
initializationOptions; `customize-set-variable' (or
\\[corpus-lsp-apply-settings] after `setq') sends a change to
running servers."
  :type `(alist :key-type (choice (const unknown-entity) (const unknown-tag)
                                  (const malformed-markup) (const alias-mismatch)
                                  (const unannotated-mention) (const catalog-error))
                :value-type (choice ,@(mapcar (lambda (l) `(const ,l)) corpus-lsp--levels)))
  :set #'corpus-lsp--set)

(defconst corpus-lsp--inlay-modes '("first-in-paragraph" "all" "off")
  "The values of the server's `inlayHints' setting.")

(defcustom corpus-lsp-inlay-hints "first-in-paragraph"
  "Which mentions get the entity's name as an inlay hint.
\"first-in-paragraph\" (the first mention of each entity in a paragraph),
\"all\" (every mention whose surface is not the name) or \"off\".  Shown
by Emacs 29's `eglot-inlay-hints-mode'.  Sent as initializationOptions;
`customize-set-variable' (or \\[corpus-lsp-apply-settings] after `setq')
sends a change to running servers."
  :type `(choice ,@(mapcar (lambda (m) `(const ,m)) corpus-lsp--inlay-modes))
  :set #'corpus-lsp--set)

(defcustom corpus-lsp-detect-txt t
  "Whether a .txt file under a corpus.json opens in `corpus-mode'."
  :type 'boolean)

;;;; Modes

;;;###autoload
(define-derived-mode corpus-mode text-mode "Corpus"
  "Major mode for the articles of an annotated corpus.
Markup: [surface]{entity-id} and #tag-id; the catalogue is the
nearest corpus.json."
  (setq-local comment-start nil))

;;;###autoload
(if (fboundp 'js-json-mode)
    (define-derived-mode corpus-json-mode js-json-mode "Corpus-JSON"
      "Major mode for a corpus catalogue, corpus.json.")
  (define-derived-mode corpus-json-mode js-mode "Corpus-JSON"
    "Major mode for a corpus catalogue, corpus.json."))

(defun corpus-lsp--corpus-root (dir)
  "The folder of the corpus.json nearest DIR (itself or a parent), or nil."
  (let ((root (locate-dominating-file dir "corpus.json")))
    (and root (file-name-as-directory (expand-file-name root)))))

;;;###autoload
(defun corpus-lsp-txt-mode ()
  "`corpus-mode' for a .txt file under a corpus.json, else `text-mode'."
  (if (and corpus-lsp-detect-txt (corpus-lsp--corpus-root default-directory))
      (corpus-mode)
    (text-mode)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.txt\\'" . corpus-lsp-txt-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("/corpus\\.json\\'" . corpus-json-mode))

;;;; Project: the corpus.json folder when there is no VCS checkout

(defun corpus-lsp-project-find (dir)
  "A transient project at the corpus.json nearest DIR, in corpus buffers."
  (when (derived-mode-p 'corpus-mode 'corpus-json-mode)
    (let ((root (corpus-lsp--corpus-root dir)))
      (and root (cons 'transient root)))))

;; Appended: a VCS checkout around the corpus stays the project (the server
;; finds every catalogue under its root).
(add-hook 'project-find-functions #'corpus-lsp-project-find 90)

;;;; Server

(defun corpus-lsp--severity-plist ()
  "`corpus-lsp-severity' as a JSON object's plist (:CODE LEVEL ...)."
  (cl-loop for (code . level) in corpus-lsp-severity
           do (unless (member level corpus-lsp--levels)
                (user-error "corpus-lsp-severity: %S is not one of %S" level corpus-lsp--levels))
           append (list (intern (format ":%s" code)) level)))

(defun corpus-lsp-settings ()
  "Return the settings sent as initializationOptions: severities, inlay hints."
  (list :severity (or (corpus-lsp--severity-plist) (make-hash-table))
        :inlayHints (corpus-lsp--inlay-mode)))

(defun corpus-lsp--inlay-mode ()
  "`corpus-lsp-inlay-hints' as the server reads it (t and nil as before)."
  (pcase corpus-lsp-inlay-hints
    ('t "first-in-paragraph")
    ('nil "off")
    ((pred (lambda (m) (member m corpus-lsp--inlay-modes))) corpus-lsp-inlay-hints)
    (other (user-error "corpus-lsp-inlay-hints: %S is not one of %S" other corpus-lsp--inlay-modes))))

(defun corpus-lsp--contact (&optional _interactive _project)
  "The eglot contact: the command and its initializationOptions."
  (append corpus-lsp-server-command
          (list :initializationOptions (lambda (_server) (corpus-lsp-settings)))))

(defun corpus-lsp--servers ()
  "The live eglot servers of corpus buffers."
  (let (servers)
    (dolist (buffer (buffer-list) servers)
      (with-current-buffer buffer
        (when (and (derived-mode-p 'corpus-mode 'corpus-json-mode)
                   (fboundp 'eglot-current-server))
          (let ((server (eglot-current-server)))
            (when server (cl-pushnew server servers))))))))

(declare-function jsonrpc-notify "jsonrpc")

(defun corpus-lsp-apply-settings ()
  "Send `corpus-lsp-severity' and `corpus-lsp-inlay-hints' to running servers."
  (interactive)
  (dolist (server (corpus-lsp--servers))
    (jsonrpc-notify server :workspace/didChangeConfiguration
                    (list :settings (list :corpusLsp (corpus-lsp-settings))))))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs
               (cons '((corpus-mode :language-id "corpus")
                       (corpus-json-mode :language-id "json"))
                     #'corpus-lsp--contact)))

(provide 'corpus-lsp)
;;; corpus-lsp.el ends here
