"""Front Door's embedded local runtime (``make run``): moto for AWS, a REST-API-shaped gateway for HTTP.

Development only: this package is never packaged into a Lambda function or layer.
"""
