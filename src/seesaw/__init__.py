"""seesaw: how Washington's pressure swings between Kyiv and Moscow, tested on sourced data."""

__version__ = "0.1.0"
