"""Steps 3 and 4: forward Microsoft's callback, byte for byte, to Recall's regional callback.

* [`forward`][recall_outlook.forwarder.forward]: ``forward_url`` and the WSGI and ASGI apps;
* [`serve`][recall_outlook.forwarder.serve]: run the forwarder on uvicorn (``server`` extra);
* [`check`][recall_outlook.forwarder.check]: check a deployed forwarder, with its probes in
  [`probes`][recall_outlook.forwarder.probes] and its report in
  [`report`][recall_outlook.forwarder.report].

Every public name is also importable from [`recall_outlook`][].
"""
