"""The built-in validation rules, one module per family.

- :mod:`~govinfo.rules.arithmetic`: the sums of tables 3 and 4 and their culprits;
- :mod:`~govinfo.rules.domain`: value domains;
- :mod:`~govinfo.rules.conformance`: rows of the template, template against year;
- :mod:`~govinfo.rules.narrative`: the figures the text states against the tables;
- :mod:`~govinfo.rules.cross`: checks across two reports (carry-over).

The catalogue that names them (:data:`govinfo.validate.RULES`) lives in
:mod:`govinfo.validate`.
"""
