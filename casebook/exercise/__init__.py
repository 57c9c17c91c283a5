"""The teaching loop: coding exercises for students, with feedback against the expert
coding.

The docent makes an exercise from reviewed documents (:mod:`~casebook.exercise.package`: a
student package, one file, pseudonymised); each student opens it, codes it in the workbench
and hands it in (:mod:`~casebook.exercise.student`); the docent collects the hand-ins into
the project through the one intake (:mod:`~casebook.exercise.collect`), and gets feedback
per student (:mod:`~casebook.exercise.feedback`, fragment by fragment with
:mod:`~casebook.exercise.compare`) and the class overview
(:mod:`~casebook.exercise.overview`). The exercise itself is kept in the project
(:mod:`~casebook.exercise.spec`). The PDFs and web pages are drawn by
:mod:`casebook.export.feedback`.
"""
