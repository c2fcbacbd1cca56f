;;; emacs-inlay.el --- The inlay hint setting in Emacs  -*- lexical-binding: t; -*-

;; CORPUS_LSP=BIN CORPUS_WORK=DIR emacs --batch -l editors/test/emacs-inlay.el
;; Loads editors/emacs/corpus-lsp.el as a user's init file would, with
;; `corpus-lsp-inlay-hints' set to "all", opens a seed copy through eglot, and
;; asks the server for the file's inlay hints: "all" from the
;; initializationOptions (some line names an entity twice), then "off" and
;; "first-in-paragraph" through `customize-set-variable', which sends
;; `workspace/didChangeConfiguration'.  Prints `emacs-inlay: N passed, M failed'.

;;; Code:

(defvar corpus-test-name "emacs-inlay")
(load (expand-file-name "emacs-harness.el" (file-name-directory (or load-file-name buffer-file-name))) nil t)

(defun corpus-test-hints (server)
  "The inlay hints of the whole buffer: (COUNT . REPEATS), REPEATS the hints
whose label is already on their line."
  (let* ((hints (jsonrpc-request server :textDocument/inlayHint
                                 (list :textDocument (eglot--TextDocumentIdentifier)
                                       :range (list :start (list :line 0 :character 0)
                                                    :end (list :line (count-lines (point-min) (point-max))
                                                               :character 0)))))
         (seen nil)
         (repeats 0))
    (mapc (lambda (h)
            (let ((key (cons (plist-get (plist-get h :position) :line) (plist-get h :label))))
              (when (member key seen) (cl-incf repeats))
              (push key seen)))
          hints)
    (cons (length hints) repeats)))

(condition-case err
    (progn
      (add-to-list 'load-path (expand-file-name "editors/emacs" corpus-test-repo))
      (require 'corpus-lsp)
      (setq corpus-lsp-server-command (list corpus-test-bin "serve" "--stdio"))
      (setq corpus-lsp-inlay-hints "all")
      (corpus-test-check "the settings carry inlayHints"
                         (equal (plist-get (corpus-lsp-settings) :inlayHints) "all")
                         (corpus-lsp-settings))
      (add-hook 'corpus-mode-hook #'eglot-ensure)
      (find-file (expand-file-name "002_68f08306579e3733.txt" corpus-test-work))
      (run-hooks 'post-command-hook)
      (let ((server (corpus-test-wait (lambda () (and eglot--managed-mode (eglot-current-server))) 30)))
        (unless (corpus-test-check "eglot connected" server)
          (corpus-test-finish))
        (let ((all (corpus-test-hints server)))
          (corpus-test-check "all (initializationOptions): hints, some repeated on a line"
                             (and (> (car all) 0) (> (cdr all) 0)) all)
          (customize-set-variable 'corpus-lsp-inlay-hints "off")
          (corpus-test-check "off (a change): no hints"
                             (corpus-test-wait (lambda () (= (car (corpus-test-hints server)) 0)))
                             (corpus-test-hints server))
          (customize-set-variable 'corpus-lsp-inlay-hints "first-in-paragraph")
          (let ((first (corpus-test-wait (lambda () (let ((h (corpus-test-hints server)))
                                                      (and (> (car h) 0) h))))))
            (corpus-test-check "first-in-paragraph (a change): fewer hints, none repeated on a line"
                               (and first (< (car first) (car all)) (= (cdr first) 0))
                               (list first all))))))
  (error (corpus-test-check "no error" nil err)))
(corpus-test-finish)
;;; emacs-inlay.el ends here
