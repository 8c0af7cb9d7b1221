"""The web application (``secsuite serve``): routes, templates and authentication over the store."""
