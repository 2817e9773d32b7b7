"""The request types: one folder each (form, workflow, hooks, review), listed in registry.py.

The engines that read them stay apart: core/forms/definition.py, core/workflow/definition.py and
core/tickets.py; the named hooks' machinery is hooks.py, and checks.py looks every name up when the
desk is built.
"""
