;;; emacs-harness.el --- What the Emacs tests share  -*- lexical-binding: t; -*-

;; Loaded first by emacs.el and emacs-inlay.el (each sets `corpus-test-name'
;; before loading it): eglot as a user's Emacs finds it, the pass/fail tally,
;; and `corpus-test-wait'.
;;
;; Batch Emacs never goes idle, and eglot sends its didChange (and flymake
;; starts) on idle timers: `corpus-test-wait' runs the due idle timers, as
;; the command loop would once the user stops typing, between waits for
;; process output.  Every wait is on a condition with a deadline.

;;; Code:

(require 'cl-lib)
(require 'package)
;; eglot: built in from Emacs 29; on 28, Debian's elpa-eglot (found through site-start)
;; or one installed with package.el.
(unless (locate-library "eglot") (package-initialize))
(require 'eglot)

(defvar corpus-test-name "emacs" "The label of the final tally line.")
(defvar corpus-test-passed 0)
(defvar corpus-test-failed 0)
(defconst corpus-test-repo
  (expand-file-name "../.." (file-name-directory (or load-file-name buffer-file-name))))
(defconst corpus-test-bin (getenv "CORPUS_LSP"))
(defconst corpus-test-work (file-name-as-directory (getenv "CORPUS_WORK")))

(defun corpus-test-check (name ok &optional detail)
  (if ok
      (progn (cl-incf corpus-test-passed) (princ (format "ok   %s\n" name)))
    (cl-incf corpus-test-failed)
    (princ (format "FAIL %s%s\n" name (if detail (format ": %S" detail) ""))))
  ok)

(defun corpus-test-finish ()
  (princ (format "%s: %d passed, %d failed\n" corpus-test-name corpus-test-passed corpus-test-failed))
  (ignore-errors (let ((eglot-autoshutdown nil)) (eglot-shutdown-all)))
  (kill-emacs (if (and (= corpus-test-failed 0) (> corpus-test-passed 0)) 0 1)))

(defun corpus-test-run-idle-timers ()
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (timer-event-handler timer))))

(defun corpus-test-wait (pred &optional seconds)
  "Wait until PRED returns non-nil, at most SECONDS (10); return its value."
  (let ((deadline (+ (float-time) (or seconds 10)))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (corpus-test-run-idle-timers)
      (accept-process-output nil 0.05))
    value))

(provide 'emacs-harness)
;;; emacs-harness.el ends here
