"""Step 2: build, read and check the Microsoft authorize URL that carries Recall's ``state``.

* [`state`][recall_outlook.authorize.state]: the JSON ``state`` object Recall reads;
* [`build`][recall_outlook.authorize.build]: ``build_authorize_url``;
* [`parse`][recall_outlook.authorize.parse]: a forgiving parser for pasted URLs;
* [`lint`][recall_outlook.authorize.lint]: the linter, with its catalog of finding codes in
  [`lint_codes`][recall_outlook.authorize.lint_codes].

Every public name is also importable from [`recall_outlook`][].
"""
