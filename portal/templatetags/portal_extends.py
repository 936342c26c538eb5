"""A template builtin (settings: TEMPLATES' "builtins") replacing Django's {% extends %} with one
that finds the root template's blocks once instead of on every render.

Each render of a page that extends base.html walks base.html's whole node tree (Django's
ExtendsNode.render calls get_nodes_by_type(BlockNode) on the root template) to list the blocks
a child may fill: about 250 nodes visited for a few blocks, some 8 % of the home page's
template time. A compiled template never changes (the cached loader keeps it; a template read
again is a new object), so its blocks are kept on the compiled template itself. Everything else
is Django's ExtendsNode: the same parent lookup, the same block context, the same output."""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

register = template.Library()

# The attribute a compiled root template keeps its {name: BlockNode} in.
_BLOCKS_ATTRIBUTE = "_portal_root_blocks"


def _root_blocks(compiled_parent) -> dict:
    try:
        return compiled_parent.__dict__[_BLOCKS_ATTRIBUTE]
    except KeyError:
        blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
        compiled_parent.__dict__[_BLOCKS_ATTRIBUTE] = blocks
        return blocks


class CachedBlocksExtendsNode(ExtendsNode):
    def render(self, context):
        # Django's ExtendsNode.render (6.1), but for _root_blocks.
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        for node in compiled_parent.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    # add_blocks only reads the mapping: sharing it between renders is safe.
                    block_context.add_blocks(_root_blocks(compiled_parent))
                break
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def extends(parser, token):
    node = do_extends(parser, token)
    return CachedBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
