"""The residents' website (and, later, the staff console): server-rendered GOV.UK Frontend pages.

See web/README.md for how to add a page, a form and a browser test.
"""
