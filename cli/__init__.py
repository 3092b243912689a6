"""The command-line front end. Imports Qt only to open the app."""
