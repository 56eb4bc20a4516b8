"""Frames in, figures out: choropleths, facility points, legends. No I/O, no filtering, no Dash."""
