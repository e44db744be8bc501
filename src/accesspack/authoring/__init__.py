"""Tools for the people who edit routes and templates: check a template's variables
against the case model, start a new route from a copy of an existing one."""

from .check import TemplateCheck, TemplateProblem, check_templates
from .newroute import new_route
from .variables import template_variables

# The rest (context_schema, check_route, template_analysis, the report classes...) is
# imported from its module: accesspack.authoring.check, .variables, .schema, .newroute.
__all__ = [
    "TemplateCheck",
    "TemplateProblem",
    "check_templates",
    "new_route",
    "template_variables",
]
