"""{% queue_cell cells %}: one cell of a staff queue's table (includes/queue_table.html), as
{% include cells %} would render it, without walking the cells template's whole chain.

A cells template is `{% load ... %}{% with name=row ... %}{% if column.key == "a" %}...{% elif
column.key == "b" %}...{% endif %}{% endwith %}`, included once per cell: 25 rows of 8 columns
evaluate some 800 comparisons and 200 includes per page, a fifth of a queue page's rendering.
The tag reads that shape once per template (then kept with it) and renders only the branch of
the cell's key, in the template's own render state, with the same `with` values; a template of
any other shape is included as {% include %} does.

`cells` may also be an object with a method cell(row, column, context) giving the cell's HTML
(a queue that writes its cells in Python: verification.queue_cells)."""

import weakref

from django import template
from django.template.base import TextNode
from django.template.defaulttags import IfNode, WithNode
from django.template.loader_tags import IncludeNode
from django.utils.html import conditional_escape

register = template.Library()

_shapes: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_NOT_A_SWITCH = object()


class _Switch:
    def __init__(self, with_node, key, branches, default, before, after):
        self.before, self.after = before, after  # the white space around the {% with %}
        self.with_node = with_node
        self.key = key  # the TemplateLiteral on the left of every "=="
        self.branches = branches  # constant -> nodelist
        self.default = default  # the {% else %} nodelist, or None


def _switch_of(cells) -> "_Switch | None":
    """The cells template's switch, or None when it is not of the shape above."""
    # Around the {% with %}: {% load %} (renders nothing) and white space, kept as it is.
    with_nodes = [n for n in cells.nodelist if isinstance(n, WithNode)]
    if len(with_nodes) != 1:
        return None
    with_node = with_nodes[0]
    around = ["", ""]
    for node in cells.nodelist:
        if node is with_node:
            continue
        if isinstance(node, TextNode) and not node.s.strip():
            around[cells.nodelist.index(with_node) < cells.nodelist.index(node)] += node.s
        elif type(node).__name__ != "LoadNode":
            return None
    if len(with_node.nodelist) != 1 or not isinstance(with_node.nodelist[0], IfNode):
        return None
    branches, default, key = {}, None, None
    for condition, nodelist in with_node.nodelist[0].conditions_nodelists:
        if condition is None:
            default = nodelist
            continue
        if getattr(condition, "id", None) != "==":
            return None
        left, right = condition.first, condition.second
        constant = getattr(getattr(right, "value", None), "var", None)
        if not isinstance(constant, str) or right.value.filters or right.value.is_var:
            return None
        if key is None:
            key = left
        elif getattr(left, "text", None) != getattr(key, "text", object()):
            return None
        branches.setdefault(constant, nodelist)  # the first of equal keys wins, as in {% if %}
    if key is None:
        return None
    return _Switch(with_node, key, branches, default, *around)


class QueueCellNode(IncludeNode):
    def render(self, context):
        name = self.template.resolve(context)
        if hasattr(name, "cell"):
            return name.cell(context["row"], context["column"], context)
        if not isinstance(name, str):
            return super().render(context)
        cells = context.template.engine.get_template(name)
        switch = _shapes.get(cells)
        if switch is None:
            switch = _shapes[cells] = _switch_of(cells) or _NOT_A_SWITCH
        if switch is _NOT_A_SWITCH:
            return super().render(context)
        key = switch.key.eval(context)
        nodelist = switch.branches.get(key) if isinstance(key, str) else None
        if nodelist is None:
            nodelist = switch.default
        if nodelist is None:
            return switch.before + switch.after
        extra = switch.with_node.extra_context
        values = {name: value.resolve(context) for name, value in extra.items()}
        with context.render_context.push_state(cells), context.push(**values):
            return switch.before + nodelist.render(context) + switch.after


@register.tag
def queue_cell(parser, token):
    """{% queue_cell cells %}: as {% include cells %} (cells: a template name), or the cell
    that cells.cell(row, column, context) writes."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("queue_cell takes one argument: the cells template")
    return QueueCellNode(parser.compile_filter(bits[1]))


class QueueRowsNode(template.Node):
    """{% queue_rows %}...{% endqueue_rows %}: the table body's rows. When `cells` writes its
    cells in Python, the rows are written here too, as the enclosed loop of
    includes/queue_table.html would write them: that loop (a row's <tr>, each column's <td> with
    its class, the overdue mark) was about half of the verifier queue's template time once the
    cells were Python (issue 19). Any other `cells` renders the enclosed loop."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        cells = context.get("cells")
        if not hasattr(cells, "cell"):
            return self.nodelist.render(context)
        columns = list(context.get("columns") or ())
        opens = [
            f'<td class="{conditional_escape(column.cell_class)}">' if column.cell_class else "<td>"
            for column in columns
        ]
        overdue = context.get("overdue")
        out = []
        for row in context.get("page") or ():
            # A row without the attribute is marked, as the template's "" is not None.
            marked = overdue and getattr(row, "overdue_days", "") is not None
            out.append(
                '\n        <tr class="queue-table__overdue">\n          '
                if marked
                else "\n        <tr>\n          "
            )
            for column, opening in zip(columns, opens, strict=True):
                out.append(opening + cells.cell(row, column, context) + "</td>")
            out.append("\n        </tr>\n      ")
        return "".join(out)


@register.tag
def queue_rows(parser, token):
    """{% queue_rows %}{% for row in page %}...{% endfor %}{% endqueue_rows %}: see
    QueueRowsNode."""
    nodelist = parser.parse(("endqueue_rows",))
    parser.delete_first_token()
    return QueueRowsNode(nodelist)
