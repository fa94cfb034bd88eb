"""The configuration model: instances, layers, scopes and effective values."""
