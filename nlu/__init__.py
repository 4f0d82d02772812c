"""The Rasa project (config.yml, domain.yml, data/, tests/) and its custom components."""
