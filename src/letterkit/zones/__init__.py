"""Zones: the trained model that gives every line of a letter its part (letterhead, dateline,
salutation, body, closing, signature, ...), the line features it reads, and its training.
"""
