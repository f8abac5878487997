"""The library's search, through the page, as a person types it. Runs on SQLite and PostgreSQL
(DATABASE_URL=postgres://... pytest tests/test_search.py)."""

import pytest

from exercises.models import Exercise

pytestmark = pytest.mark.django_db


def found(client, q: str, **filters) -> list[str]:
    response = client.get("/exercises/", {"q": q, **filters})
    assert response.status_code == 200
    return [e.slug for e in response.context["exercises"]]


@pytest.mark.parametrize(
    "query, first",
    [
        ("cat cow", ["cat-cow", "seated-cat-cow"]),  # the names have an en dash
        ("Cat-Cow", ["cat-cow", "seated-cat-cow"]),
        ("child's pose", ["childs-pose"]),
        ("childs pose", ["childs-pose"]),
        ("child’s pose", ["childs-pose"]),  # a phone's curly apostrophe
        ("bridges", ["glute-bridge", "single-leg-bridge"]),  # plural of "bridge"
        ("hamstrng", ["hamstring-stretch-towel", "seated-hamstring-stretch", "standing-hamstring-stretch"]),
        ("hamstrings", ["hamstring-stretch-towel", "seated-hamstring-stretch", "standing-hamstring-stretch"]),
        ("piriformis strech", ["piriformis-stretch", "seated-piriformis-stretch"]),
        ("brid", ["glute-bridge", "single-leg-bridge"]),  # as you type
    ],
)
def test_search_forgives_punctuation_plurals_and_typos(client, query, first):
    shown = found(client, query)
    assert shown[: len(first)] == first


def test_search_understands_what_people_have_and_where_it_hurts(client):
    assert set(found(client, "sciatica")) == {"light-walking", "constructive-rest", "side-lying-rest"}
    stiff_neck = found(client, "stiff neck")
    assert {"shoulder-rolls", "seated-twist", "thread-the-needle"} <= set(stiff_neck[:4])
    assert all(
        "neck-shoulders" in Exercise.objects.get(slug=slug).body_areas.values_list("slug", flat=True)
        for slug in stiff_neck
    )
    desk = found(client, "desk")
    assert {"seated-cat-cow", "shoulder-rolls", "seated-twist", "standing-back-bend"} <= set(desk)
    assert "constructive-rest" not in desk


def test_search_admits_when_nothing_fits(client):
    # Nothing in the library is written for pregnancy, so nothing claims to be.
    response = client.get("/exercises/", {"q": "pregnant"})
    assert list(response.context["exercises"]) == []
    assert "No exercises match “pregnant”" in response.content.decode()


def test_name_matches_come_before_matches_in_steps(client):
    shown = found(client, "knee")
    names = [Exercise.objects.get(slug=slug).name.lower() for slug in shown]
    first_other = next(i for i, name in enumerate(names) if "knee" not in name)
    assert all("knee" not in name for name in names[first_other:])
    assert first_other >= 4


def test_search_looks_in_steps_and_body_areas(client):
    assert "hip-hinge" in found(client, "kitchen counter")  # in its name and steps
    assert "glute-bridge" in found(client, "back of the thighs")  # its body area
    assert "bird-dog" in found(client, "opposite leg")  # only in its steps


def test_search_combines_with_chips(client):
    shown = found(client, "hamstring", position="sitting")
    assert shown == ["seated-hamstring-stretch"]


def test_search_htmx_fragment_matches_the_full_page(client):
    full = found(client, "cat cow")
    response = client.get("/exercises/", {"q": "cat cow"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.index("Cat–cow") < html.index("Seated cat–cow")
    assert len(full) == 2 and "2 exercises" in html
