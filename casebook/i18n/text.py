"""The shape of a catalogue entry: ``(nl, en)``, each one text or ``(one, more)``."""

Text = str | tuple[str, str]  # one text, or (one, more) chosen by n
Entry = tuple[Text, Text]  # (nl, en)
