"""SCI Research Reader: plain-language summaries of spinal cord injury research, offline."""

__version__ = "0.1.0"
