"""Step 2: build, read and check the Microsoft authorize URL that carries Recall's ``state``.

* :mod:`~recall_outlook.authorize.state`: the JSON ``state`` object Recall reads;
* :mod:`~recall_outlook.authorize.build`: ``build_authorize_url``;
* :mod:`~recall_outlook.authorize.parse`: a forgiving parser for pasted URLs;
* :mod:`~recall_outlook.authorize.lint`: the linter, with its catalog of finding codes in
  :mod:`~recall_outlook.authorize.lint_codes`.

Every public name is also importable from :mod:`recall_outlook`.
"""
