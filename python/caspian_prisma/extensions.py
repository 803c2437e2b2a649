"""Result extensions: computed fields on models, declared in Python.

Prisma's ``$extends({ result: { user: { fullName: { needs, compute } } } })``
(https://www.prisma.io/docs/orm/prisma-client/client-extensions/result) is
here::

    from src.lib.prisma.db import prisma
    from src.lib.prisma.models import User

    full_name = prisma.extend_result(
        User, "full_name", needs=["firstName", "lastName"],
        compute=lambda u: f"{u.firstName} {u.lastName}",
    )

    user = await prisma.user.find_first()
    user.full_name        # the value, set on the record like a field
    full_name(user)       # the same, typed: str (compute's return type)

Why it registers on the client instead of returning a new client as
Prisma's ``$extends`` does: an app imports the one generated client
(``from src.lib.prisma.db import prisma``) everywhere, so an extension
declared once at start-up reaches every module without changing their
imports; an interactive transaction's client shares its client's
extensions, as Prisma's extended clients do.

How it behaves:

- a computed field is set on every record of its model that a query returns,
  nested ones too (``include`` and relation ``select``), when every field it
  ``needs`` is in the record; otherwise it is absent (the attribute raises
  AttributeError, and calling the :class:`ComputedField` says which of its
  needs the query did not return);
- ``select={"full_name": True}`` selects the fields it needs (they are
  returned too) and ``omit={"full_name": True}`` leaves it out;
- a field's ``needs`` may name a computed field registered before it on the
  same model (its own needs are selected then);
- it is computed once, when the record is made (Prisma computes on first
  read): ``compute`` should be cheap and must not do I/O;
- ``to_dict()`` includes it; model instances compare with it.

Typing: the record's class is generated and does not declare the field, so a
type checker reports ``user.full_name``; the :class:`ComputedField` returned
by ``extend_result`` reads it typed (``full_name(user)``), and ``compute``
is checked against the model class passed.
"""
from __future__ import annotations

# pyright: reportPrivateUsage=false

from typing import Any, Callable, Dict, Generic, List, Mapping, Optional, Sequence, Set, Type, TypeVar, Union, cast

from .hooks import model_class
from .models import BaseModel

__all__ = ["ComputedField", "Extensions"]

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")


class ComputedField(Generic[_M, _T]):
    """A computed field registered with ``Client.extend_result``; call it on a
    record to read the value with its type."""

    __slots__ = ("model", "name", "needs", "compute")

    def __init__(self, model: str, name: str, needs: Sequence[str], compute: Callable[[_M], _T]) -> None:
        #: The Prisma model name.
        self.model = model
        self.name = name
        self.needs = tuple(needs)
        self.compute = compute

    def __call__(self, record: _M) -> _T:
        d = record.__dict__
        if self.name not in d:
            missing = [n for n in self.needs if n not in d]
            raise AttributeError(
                f"{self.model}.{self.name} was not computed for this record: the query did not return "
                f"{', '.join(missing) or 'it'} (select them, or select {self.name!r})"
            )
        return cast(_T, d[self.name])

    def __repr__(self) -> str:
        return f"<ComputedField {self.model}.{self.name} needs {list(self.needs)}>"


class Extensions:
    """The computed fields of one client, by model name."""

    def __init__(self) -> None:
        self.by_model: Dict[str, List[ComputedField[Any, Any]]] = {}

    def add(self, model: Union[str, Type[BaseModel]], name: str, needs: Union[Sequence[str], Mapping[str, bool]],
            compute: Callable[[Any], Any], known: Mapping[str, Sequence[str]],
            relations_of: Mapping[str, Sequence[str]]) -> ComputedField[Any, Any]:
        """Registers one field; known maps each model name of the client to its
        field names, relations_of to its relation fields."""
        model_name = model if isinstance(model, str) else model.__prisma_model__
        canon = {m.lower(): m for m in known}
        if model_name not in known and model_name.lower() not in canon:
            raise ValueError(f"extend_result(): no model {model_name!r} in this client (models: {', '.join(known)})")
        model_name = model_name if model_name in known else canon[model_name.lower()]
        fields = set(known[model_name])
        if not isinstance(name, str) or not name.isidentifier():  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"extend_result(): the name must be a Python identifier, got {name!r}")
        existing = self.by_model.setdefault(model_name, [])
        if name in fields or any(f.name == name for f in existing):
            raise ValueError(f"extend_result(): {model_name} already has a field {name!r}")
        need_list = [k for k, v in needs.items() if v] if isinstance(needs, Mapping) else list(needs)
        computed = {f.name for f in existing}
        relations = set(relations_of.get(model_name, ()))
        for n in need_list:
            if n in relations:
                raise ValueError(f"extend_result(): {model_name}.{name} needs {n!r}, a relation: a computed field "
                                 "needs scalar fields (as in Prisma)")
            if n not in fields and n not in computed:
                raise ValueError(f"extend_result(): {model_name}.{name} needs {n!r}, which is neither a field of "
                                 f"{model_name} nor a computed field registered before it")
        if not callable(compute):
            raise TypeError(f"extend_result(): compute must be a function of the record, got {type(compute).__name__}")
        field = ComputedField[Any, Any](model_name, name, need_list, compute)
        existing.append(field)
        return field

    # -- arguments -----------------------------------------------------------

    def rewrite_args(self, cls: Optional[Type[BaseModel]], args: Dict[str, Any]) -> Dict[str, Any]:
        """args with computed names taken out of select and omit (the engine does
        not know them) and, for a selected one, the fields it needs selected."""
        if cls is None:
            return args
        out = args
        for key in ("select", "include", "omit"):
            sel = args.get(key)
            if isinstance(sel, dict):
                new = self._selection(cls, cast(Dict[str, Any], sel), key)
                if new is not sel:
                    if out is args:
                        out = dict(args)
                    out[key] = new
        return out

    def _selection(self, cls: Type[BaseModel], sel: Dict[str, Any], key: str) -> Dict[str, Any]:
        fields = self.by_model.get(cls.__prisma_model__, ())
        names = {f.name: f for f in fields}
        rel = cls.__prisma_relations__
        if not names and not rel:
            return sel
        out: Dict[str, Any] = {}
        changed = False
        for k, v in sel.items():
            if k in names:
                changed = True
                if key == "select" and v:
                    for n in self._needs(names, names[k], set()):
                        out.setdefault(n, True)
                continue  # omit: the record simply lacks the needs or the field is dropped below
            if k in rel and isinstance(v, dict) and key != "omit":
                related = model_class(cls, rel[k])
                nv = self.rewrite_args(related, cast(Dict[str, Any], v))
                changed = changed or nv is not v
                v = nv
            out[k] = v
        return out if changed else sel

    def _needs(self, names: Dict[str, ComputedField[Any, Any]], f: ComputedField[Any, Any], seen: Set[str]) -> List[str]:
        out: List[str] = []
        for n in f.needs:
            if n in names and n not in seen:
                seen.add(n)
                out.extend(self._needs(names, names[n], seen))
            elif n not in names:
                out.append(n)
        return out

    # -- results -------------------------------------------------------------

    def apply(self, result: Any, omitted: Optional[Mapping[str, Any]] = None) -> Any:
        """Sets the computed fields on every record in result (nested ones too);
        omitted is the query's top-level omit (computed names in it are skipped)."""
        if isinstance(result, BaseModel):
            self._record(result, omitted)
        elif isinstance(result, list):
            for r in cast("List[object]", result):
                if isinstance(r, BaseModel):
                    self._record(r, omitted)
        return cast(Any, result)

    def _record(self, obj: BaseModel, omitted: Optional[Mapping[str, Any]]) -> None:
        cls = type(obj)
        d = obj.__dict__
        for f in self.by_model.get(cls.__prisma_model__, ()):
            if omitted and omitted.get(f.name):
                continue
            if all(n in d for n in f.needs):
                d[f.name] = f.compute(obj)
        for name in cls.__prisma_relations__:
            v = d.get(name)
            if v is not None:
                self.apply(v)
