"""Keeping residents informed: who is told what when a case is filed or gets a public update.

``rules`` decides who may be told (consent, opt-out, an email or a UK mobile); ``templates`` says it
in plain English per situation; ``service.Notifier`` puts them together and sends; ``stream`` reads
the cases table's stream records the notifier is invoked with; ``optout`` handles the link every
message carries. Nothing is imported here: a function loads only what it uses.
"""
