"""Identity: the keys that make one node of every person, organization, method and dataset, whatever
spelling an input used."""
