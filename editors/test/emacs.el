;;; emacs.el --- The Emacs proof  -*- lexical-binding: t; -*-

;; CORPUS_LSP=BIN CORPUS_WORK=DIR emacs --batch -l editors/test/emacs.el
;; Loads editors/emacs/corpus-lsp.el the way a user's init file would, opens
;; a seed copy whose id is broken after a curly quote, and checks, through
;; eglot, flymake, eldoc and completion-at-point: the major modes, the
;; connection and its project root, the diagnostic's severity from the
;; initializationOptions and its line and column, a live severity change,
;; hover, completion inside `{', and the quick fix applied with eglot's own
;; code.  Prints `emacs: N passed, M failed'.

;;; Code:

(defvar corpus-test-name "emacs")
(load (expand-file-name "emacs-harness.el" (file-name-directory (or load-file-name buffer-file-name))) nil t)
(require 'flymake)

(defun corpus-test-end-of-command ()
  "What the command loop runs after a command, e.g. the `find-file' that opened a file."
  (run-hooks 'post-command-hook))

(condition-case err
    (progn
      ;; The user's set-up: the folder on `load-path', the binary named, eglot on.
      (add-to-list 'load-path (expand-file-name "editors/emacs" corpus-test-repo))
      (require 'corpus-lsp)
      (setq corpus-lsp-server-command (list corpus-test-bin "serve" "--stdio"))
      (setq corpus-lsp-severity '((unknown-entity . "warning")))
      (add-hook 'corpus-mode-hook #'eglot-ensure)
      (add-hook 'corpus-json-mode-hook #'eglot-ensure)

      ;; A .txt outside any corpus stays text.
      (let* ((outside (make-temp-file "not-corpus" nil ".txt"))
             (buf (find-file-noselect outside)))
        (corpus-test-check "a .txt outside a corpus stays text-mode"
                           (eq (buffer-local-value 'major-mode buf) 'text-mode)
                           (buffer-local-value 'major-mode buf))
        (kill-buffer buf)
        (delete-file outside))

      (find-file (expand-file-name "002_68f08306579e3733.txt" corpus-test-work))
      (corpus-test-end-of-command)
      (corpus-test-check "corpus-mode under a corpus.json" (eq major-mode 'corpus-mode) major-mode)
      (let* ((article (current-buffer))
             (server (corpus-test-wait (lambda () (and eglot--managed-mode (eglot-current-server))))))
        (corpus-test-check "eglot connected and managing the article" server)
        (unless server (corpus-test-finish))
        (let ((root (project-root (eglot--project server))))
          (corpus-test-check "project root is the corpus.json folder"
                             (equal (file-name-as-directory (expand-file-name root)) corpus-test-work)
                             root))

        ;; The broken id: line 5, after `China’s' (’ is one character, 3 bytes, 1 UTF-16 unit).
        (let* ((line (save-excursion (goto-char (point-min)) (forward-line 4)
                                     (buffer-substring-no-properties (point) (line-end-position))))
               (id-col (string-search "chinese-foreign-ministri" line))
               (quote-col (string-search "’" line))
               (unknown (lambda ()
                          (cl-find-if (lambda (d)
                                        (equal (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
                                                          :code)
                                               "unknown-entity"))
                                      (flymake-diagnostics))))
               (diag (corpus-test-wait unknown)))
          (corpus-test-check "the planted id follows a curly quote" (and quote-col id-col (< quote-col id-col)))
          (corpus-test-check "unknown-entity diagnostic in flymake" diag
                             (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
          (unless diag (corpus-test-finish))
          (corpus-test-check "severity from initializationOptions (warning)"
                             (eq (flymake-diagnostic-type diag) 'eglot-warning)
                             (flymake-diagnostic-type diag))
          (let* ((beg (flymake-diagnostic-beg diag))
                 (end (flymake-diagnostic-end diag))
                 (at (save-excursion (goto-char beg)
                                     (list (line-number-at-pos) (- beg (line-beginning-position))
                                           (- end beg)))))
            (corpus-test-check "diagnostic at line 5, the id's column after the curly quote"
                               (equal at (list 5 id-col (length "chinese-foreign-ministri")))
                               (list :got at :expected (list 5 id-col))))
          (corpus-test-check "message suggests the closest id"
                             (string-search "chinese-foreign-ministry" (flymake-diagnostic-text diag))
                             (flymake-diagnostic-text diag))

          ;; A live change: customize sends didChangeConfiguration.
          (customize-set-variable 'corpus-lsp-severity '((unknown-entity . "error")))
          (corpus-test-check "severity change reaches the server (error)"
                             (corpus-test-wait (lambda () (let ((d (funcall unknown)))
                                                            (and d (eq (flymake-diagnostic-type d) 'eglot-error)))))
                             (flymake-diagnostic-type (funcall unknown)))

          ;; Hover through eldoc, on `[Antony Blinken]{antony-blinken}' on the same line.
          (save-excursion
            (goto-char (point-min)) (forward-line 4)
            (search-forward "[Antony Blinken]")
            (backward-char 5)
            (let (docs)
              (run-hook-wrapped 'eldoc-documentation-functions
                                (lambda (f) (funcall f (lambda (doc &rest _) (when doc (push doc docs)))) nil))
              (corpus-test-wait (lambda () (cl-some (lambda (d) (string-search "Antony Blinken" d)) docs)))
              (corpus-test-check "hover (eldoc) shows the entity"
                                 (cl-some (lambda (d) (string-search "Antony Blinken" d)) docs)
                                 docs)))

          ;; Completion inside `{' after a bracketed surface: the alias's entity first.
          (goto-char (point-max))
          (let ((start (point)))
            (insert "\nMet [Wang Yi]{")
            (let* ((capf (run-hook-with-args-until-success 'completion-at-point-functions))
                   (table (nth 2 capf))
                   (prefix (and capf (buffer-substring-no-properties (nth 0 capf) (nth 1 capf))))
                   (all (and capf (all-completions prefix table)))
                   (sort (and capf (completion-metadata-get
                                    (completion-metadata prefix table nil) 'display-sort-function)))
                   (sorted (mapcar #'substring-no-properties (if sort (funcall sort (copy-sequence all)) all))))
              (corpus-test-check "completion-at-point inside { puts wang-yi first"
                                 (equal (car sorted) "wang-yi") (seq-take sorted 5)))
            (delete-region start (point-max)))

          ;; The quick fix, found with eglot-code-actions and applied by eglot.
          (setq diag (funcall unknown))
          (let* ((beg (flymake-diagnostic-beg diag))
                 (end (flymake-diagnostic-end diag))
                 (actions (eglot-code-actions beg end "quickfix"))
                 (fix (cl-find-if (lambda (a) (string-search "chinese-foreign-ministry" (plist-get a :title)))
                                  actions)))
            (corpus-test-check "quick fix offered" fix (mapcar (lambda (a) (plist-get a :title)) actions))
            (when fix
              (if (fboundp 'eglot-execute)
                  (eglot-execute server fix)
                (eglot--read-execute-code-action (list fix) server "quickfix"))
              (let ((fixed (save-excursion (goto-char (point-min)) (forward-line 4)
                                           (buffer-substring-no-properties (point) (line-end-position)))))
                (corpus-test-check "quick fix rewrites only the id"
                                   (equal fixed (string-replace "chinese-foreign-ministri" "chinese-foreign-ministry" line))
                                   fixed))
              (corpus-test-check "diagnostic gone after the fix"
                                 (corpus-test-wait (lambda () (not (funcall unknown))))
                                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))))

        ;; corpus.json is served by the same server; other JSON is left alone.
        (find-file (expand-file-name "corpus.json" corpus-test-work))
        (corpus-test-end-of-command)
        (corpus-test-check "corpus-json-mode for corpus.json" (eq major-mode 'corpus-json-mode) major-mode)
        (corpus-test-check "corpus.json managed by the same server"
                           (corpus-test-wait (lambda () (and eglot--managed-mode (eq (eglot-current-server) server))))
                           (eglot-current-server))
        ;; An article in a subfolder: the project is still the corpus.json
        ;; folder (eglot alone would make the file's folder one), so the same server.
        (find-file (expand-file-name "sub/000_773f1bc16809e9b9.txt" corpus-test-work))
        (corpus-test-end-of-command)
        (corpus-test-check "an article in a subfolder joins the same server"
                           (corpus-test-wait (lambda () (and eglot--managed-mode (eq (eglot-current-server) server))))
                           (let ((s (eglot-current-server))) (and s (project-root (eglot--project s)))))
        (find-file (expand-file-name "other.json" corpus-test-work))
        (corpus-test-end-of-command)
        (corpus-test-check "other JSON not managed"
                           (and (not (eq major-mode 'corpus-json-mode)) (not eglot--managed-mode))
                           major-mode)
        (ignore article))
      (corpus-test-finish))
  (error
   (corpus-test-check "no Lisp error" nil err)
   (corpus-test-finish)))

;;; emacs.el ends here
