"""Step 5: say what an error means and what to do, and grant admin consent.

* :mod:`~recall_outlook.troubleshoot.explain`: ``explain`` and ``lookup``;
* :mod:`~recall_outlook.troubleshoot.catalog`: the AADSTS, OAuth and Recall error catalog (data);
* :mod:`~recall_outlook.troubleshoot.consent`: the admin consent URL and its callback.

Every public name is also importable from :mod:`recall_outlook`.
"""
