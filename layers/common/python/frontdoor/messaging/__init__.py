"""Messages to residents: texts now (AWS End User Messaging SMS), email later; a local outbox for make run.

Nothing is imported here: a function loads only the adapter it uses.
"""
