"""Phone and webchat: who is calling, what the automated line can answer and do, what to text.

Nothing is imported here: each Connect-invoked function loads only the modules its path uses.
"""
