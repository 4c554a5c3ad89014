"""The blog's blueprints, each created once here: a route module imports its own and adds its
routes, so no route module imports another (the comment says which add routes)."""
from flask import Blueprint

post_comments = Blueprint("post_comments", __name__)  # comment_views.py
comment_moderation = Blueprint("comment_moderation", __name__)  # comment_views.py
post_publishing = Blueprint("post_publishing", __name__)  # office_views.py
blog = Blueprint("blog", __name__)  # public_views.py
posts = Blueprint("posts", __name__)  # views.py
post_images = Blueprint("post_images", __name__)  # views.py
