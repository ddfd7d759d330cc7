"""Line zones: which part of a letter (letterhead, dateline, salutation, body, closing ...) each line is."""
