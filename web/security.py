"""Security headers of every HTML answer (CloudFront sets them again, with HSTS, in AWS).

The GOV.UK template starts ``<body>`` with one inline script that adds the ``js-enabled`` class;
rather than a per-response nonce (which CloudFront's fixed headers could not repeat), the policy
allows exactly that script by its SHA-256 hash. A test renders the template and checks the hash.
"""

from __future__ import annotations

# sha256 of: document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype
#            ? ' govuk-frontend-supported' : '');   (GOV.UK Frontend 6's template, verbatim)
GOVUK_TEMPLATE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {GOVUK_TEMPLATE_SCRIPT_HASH}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' https://*.amazonaws.com wss://*.amazonaws.com",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
