"""The data: vocabularies, the CSV contract, loading and checking, the parameter contract, the data package."""
