"""Output formats: render a :class:`~skl_socialmedia.report.Report` as text."""
