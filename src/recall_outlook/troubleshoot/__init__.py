"""Step 5: say what an error means and what to do, and grant admin consent.

* [`explain`][recall_outlook.troubleshoot.explain]: ``explain`` and ``lookup``;
* [`catalog`][recall_outlook.troubleshoot.catalog]: the AADSTS, OAuth and Recall error catalog
  (data);
* [`consent`][recall_outlook.troubleshoot.consent]: the admin consent URL and its callback.

Every public name is also importable from [`recall_outlook`][].
"""
