"""teiedition: a scholarly chapter and its notes as a TEI P5 edition."""
__version__ = "0.1.0"
