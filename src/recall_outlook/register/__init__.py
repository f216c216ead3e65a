"""Step 1: register the Microsoft Entra app exactly as Recall's guide asks.

* [`registration`][recall_outlook.register.registration]: the registration as an ``az`` command or a
  Microsoft Graph body;
* [`manifest`][recall_outlook.register.manifest]: read an app manifest the portal downloads and
  check it (audience, platform, permissions, client secret expiry);
* [`app_codes`][recall_outlook.register.app_codes]: the catalog of app finding codes;
* [`publisher`][recall_outlook.register.publisher]: the publisher verification checklist.

Every public name is also importable from [`recall_outlook`][].
"""
