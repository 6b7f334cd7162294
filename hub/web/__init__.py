"""The hub's web side: server-rendered pages for organisers and funders, mounted at "/" beside the API.

``app.create_web_app`` builds it; ``auth`` says who is asking (and what they may see), ``nav`` lists
the pages, ``render`` draws a template in the viewer's language. Page routes live in ``pages/``.
"""
