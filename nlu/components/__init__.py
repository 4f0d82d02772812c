"""Custom Rasa NLU components named in `nlu/config.yml`, kept with the project as Rasa
projects keep theirs: tokenizers, featurizers, classifiers and extractors."""
