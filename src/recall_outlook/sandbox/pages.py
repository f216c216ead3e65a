"""The HTML pages of the sandbox's parties, every value escaped by markupsafe.

Pages are plain and stable so that tests (and a person) can find things by id: the consent form
is ``#consent`` with ``#accept`` and ``#cancel`` buttons, Microsoft's error text is
``#error-description``, the app's pages carry ``#status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..scopes import SCOPES, normalize_scope

__all__ = [
    "auto_post_page",
    "consent_page",
    "microsoft_error_page",
    "page",
    "start_page",
    "status_page",
]

_STYLE = Markup(
    "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}"
    "code,pre{background:#f3f3f3;padding:.1rem .3rem;white-space:pre-wrap}"
    "button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.5rem}"
    ".party{color:#666;font-size:.85rem}"
)


def page(title: str, body: Markup, *, party: str) -> str:
    """Return a whole HTML document.

    Args:
        title: The page title (escaped).
        body: The already safe body markup.
        party: Which party serves it, shown discreetly at the top.
    """
    return str(
        Markup(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            "<style>{style}</style></head><body><p class='party'>{party} (recall-outlook "
            "sandbox)</p><h1>{title}</h1>{body}</body></html>"
        ).format(title=title, style=_STYLE, party=party, body=body)
    )


def _hidden(fields: Iterable[tuple[str, str]]) -> Markup:
    return Markup("").join(
        Markup("<input type='hidden' name='{}' value='{}'>").format(name, value)
        for name, value in fields
    )


def _purpose(scope: str) -> str:
    wanted = normalize_scope(scope)
    for known in SCOPES:
        if normalize_scope(known.value) == wanted:
            return known.purpose
    return "Requested by the app."


def consent_page(
    *,
    app_name: str,
    action: str,
    hidden: Sequence[tuple[str, str]],
    scopes: Sequence[str],
    accounts: Sequence[tuple[str, str]],
    admin: bool = False,
) -> str:
    """Return Microsoft's sign-in and consent page with Accept and Cancel buttons.

    Args:
        app_name: The app's display name.
        action: Where the form posts (the same endpoint).
        hidden: Fields the form carries back unchanged (the original query).
        scopes: The permissions requested.
        accounts: ``(email, label)`` of each account one may sign in as; the first is chosen.
        admin: Whether this is the admin consent page (consent for the whole organisation).
    """
    options = Markup("").join(
        Markup("<option value='{}'>{}</option>").format(email, label) for email, label in accounts
    )
    items = Markup("").join(
        Markup("<li><code>{}</code>: {}</li>").format(scope, _purpose(scope)) for scope in scopes
    )
    who = "your organization" if admin else "you"
    body = Markup(
        "<form id='consent' method='post' action='{action}'>{hidden}"
        "<p><label>Sign in as <select id='account' name='login'>{options}</select></label></p>"
        "<h2>Permissions requested</h2><p><strong>{app}</strong> would like to, on behalf of "
        "{who}:</p><ul id='scopes'>{items}</ul>"
        "<p>Accepting lets the app use your data as its terms of service and privacy statement "
        "say.</p>"
        "<button id='accept' name='decision' value='accept'>Accept</button>"
        "<button id='cancel' name='decision' value='cancel'>Cancel</button></form>"
    ).format(
        action=action, hidden=_hidden(hidden), options=options, app=app_name, who=who, items=items
    )
    return page("Permissions requested", body, party="Microsoft identity platform")


def microsoft_error_page(title: str, description: str, *, hint: str | None = None) -> str:
    """Return the page Microsoft shows instead of redirecting, e.g. for AADSTS50011.

    Args:
        title: The heading ("Sorry, but we're having trouble signing you in.").
        description: The full ``AADSTS...`` text, shown in ``#error-description``.
        hint: An extra paragraph, such as what an admin can do.
    """
    extra = Markup("<p id='hint'>{}</p>").format(hint) if hint else Markup("")
    body = Markup("<pre id='error-description'>{}</pre>{}").format(description, extra)
    return page(title, body, party="Microsoft identity platform")


def status_page(
    title: str,
    *,
    status: str,
    party: str,
    lines: Iterable[str] = (),
    preformatted: str | None = None,
    links: Iterable[tuple[str, str]] = (),
) -> str:
    """Return a simple page with a machine-readable ``#status`` and a few paragraphs.

    Args:
        title: The heading.
        status: The value of ``#status`` (``connected``, ``failed``, ``granted``, ...).
        party: Which party serves it.
        lines: Paragraphs of text.
        preformatted: A block shown as is in ``#details`` (an explanation).
        links: ``(href, text)`` pairs listed at the end.
    """
    paragraphs = Markup("").join(Markup("<p>{}</p>").format(line) for line in lines)
    details = (
        Markup("<pre id='details'>{}</pre>").format(preformatted) if preformatted else Markup("")
    )
    items = Markup("").join(
        Markup("<li><a href='{}'>{}</a></li>").format(href, text) for href, text in links
    )
    listing = Markup("<ul id='links'>{}</ul>").format(items) if items else Markup("")
    body = Markup("<p id='status' data-status='{s}'>{s}</p>{p}{d}{l}").format(
        s=status, p=paragraphs, d=details, l=listing
    )
    return page(title, body, party=party)


def auto_post_page(action: str, fields: Sequence[tuple[str, str]]) -> str:
    """Return the page ``response_mode=form_post`` answers with: a form that posts itself."""
    body = Markup(
        "<form id='form_post' method='post' action='{}'>{}<noscript><button>Continue</button>"
        "</noscript></form><script>document.getElementById('form_post').submit()</script>"
    ).format(action, _hidden(fields))
    return page("Working...", body, party="Microsoft identity platform")


def start_page(
    title: str,
    *,
    lines: Iterable[str],
    steps: Sequence[tuple[str, str]],
    run_token: str,
) -> str:
    """Return your app's start page: one form per step, each a POST carrying the run's token.

    Starting a flow spends a calendar auth token and sends the user to sign in, so it is never
    a plain GET another page could trigger: each form ``#step-N`` posts ``step`` and ``run``
    (a per-run secret the page alone knows) to its ``action``.

    Args:
        title: The heading.
        lines: Paragraphs of text.
        steps: ``(action path, label)`` of each step, in order.
        run_token: The sandbox run's token.
    """
    paragraphs = Markup("").join(Markup("<p>{}</p>").format(line) for line in lines)
    forms = Markup("").join(
        Markup(
            "<li><form id='step-{n}' method='post' action='{action}'>"
            "<input type='hidden' name='step' value='{n}'>{run}"
            "<button type='submit'>{label}</button></form></li>"
        ).format(n=number, action=action, run=_hidden([("run", run_token)]), label=label)
        for number, (action, label) in enumerate(steps)
    )
    body = Markup("<p id='status' data-status='ready'>ready</p>{p}<ol id='steps'>{f}</ol>").format(
        p=paragraphs, f=forms
    )
    return page(title, body, party="Your app")
