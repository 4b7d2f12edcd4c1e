"""A griffe extension: the package's Sphinx roles become Markdown cross-references.

The docstrings name other objects as Python's own docs do (``:func:`~guideline.plan```),
which reads well in ``help()``; mkdocstrings, which renders them for the API pages,
expects Markdown (``[plan][guideline.plan]``). This rewrites each role when the
package is loaded for the site: a role naming an object the API pages document
becomes a link to it, any other (a private module or function) plain code.
The docstrings in the package stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|data|meth|attr|mod|exc|obj|const):`(~?)([^`]+)`")


def _public(path: str) -> bool:
    return not any(part.startswith("_") and not part.startswith("__") for part in path.split("."))


def _find(package: griffe.Module, path: str) -> bool:
    if not path.startswith(package.path + "."):
        return False
    try:
        package[path.removeprefix(package.path + ".")]
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    return True


def _link(package: griffe.Module, owner: griffe.Object | griffe.Alias, match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    shown = target.rsplit(".", 1)[-1] if short else target.lstrip(".")
    module = owner.module.path if not isinstance(owner, griffe.Module) else owner.path
    candidates = [target, f"{module}.{target}", f"{package.path}.{target}"]
    for path in candidates:
        if _public(path) and _find(package, path):
            return f"[`{shown}`][{path}]"
    return f"`{shown}`"


def _objects(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias and member.parent is obj:
            yield from _objects(member)  # type: ignore[arg-type]


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`target``` in every docstring of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **_: Any) -> None:
        """Rewrite the roles of every docstring in ``pkg``."""
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = ROLE.sub(
                    lambda match, owner=obj: _link(pkg, owner, match), obj.docstring.value
                )
