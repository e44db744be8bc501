"""Tools for the people who edit routes and templates: check a template's variables
against the case model, start a new route from a copy of an existing one."""

from .check import (
    RouteReport,
    TemplateCheck,
    TemplateProblem,
    TemplateReport,
    check_route,
    check_templates,
    context_schema,
)
from .variables import Step, TemplateAnalysis, VariableUse, template_analysis, template_variables

__all__ = [
    "RouteReport",
    "Step",
    "TemplateAnalysis",
    "TemplateCheck",
    "TemplateProblem",
    "TemplateReport",
    "VariableUse",
    "check_route",
    "check_templates",
    "context_schema",
    "template_analysis",
    "template_variables",
]
