"""Text as residents send it: the characters nobody types and XML 1.0 cannot carry.

C0 control characters other than tab and newlines, lone surrogates, U+FFFE and U+FFFF. The case
domain refuses them on the way in; the XML renderer drops them on the way out, so no stored
text can ever make a document ill-formed.
"""

import re

NOT_PLAIN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
