"""How answers travel: API Gateway gzips an answer of at least this many bytes when the client
accepts gzip (``minimumCompressionSize`` on the REST APIs, set in infra/), and make run's gateway
does the same. Smaller answers gain little from it. CloudFront compresses only what it may cache,
and pages are never cached there, so this is what compresses every page in AWS.
"""

from __future__ import annotations

COMPRESS_FROM_BYTES = 1024
