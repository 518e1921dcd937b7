"""Messages to residents: texts (AWS End User Messaging SMS), emails (Amazon SES), a local outbox.

Nothing is imported here: a function loads only the adapter it uses.
"""
