"""Drive the wizard through the Flask test client, the way a browser posts its forms."""

from __future__ import annotations

from typing import Any

from proposals.models import Proposal

# What "Start from a discovery meeting" asks before a proposal exists.
PROSPECT = {"organisation": "New prospect Ltd", "contact_name": "A. Person"}


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Nested section data as WTForms field names: `offer-options-0-price`."""
    fields: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            fields.update(flatten(value, f"{prefix}-{key}" if prefix else key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            fields.update(flatten(value, f"{prefix}-{index}"))
    elif data is True:
        fields[prefix] = "y"  # a ticked checkbox; an unticked one posts nothing
    elif data is not None and data is not False:
        fields[prefix] = str(data)
    return fields


def people_form(document: dict) -> dict:
    keys = ("title", "locale", "currency", "prospect", "consultant")
    return flatten({key: document[key] for key in keys if key in document})


def sample_form(document: dict) -> dict:
    sample = document["sample"]
    if "id" not in sample:
        return {
            "mode": "inline",
            **flatten({k: sample.get(k) for k in ("title", "body", "commentary")}),
        }
    form = {
        "mode": "library",
        "sample_id": sample["id"],
        "shown_sample_id": sample["id"],
        "commentary": sample.get("commentary", ""),
    }
    form.update(flatten(sample["inputs"], "inputs"))
    return form


STEP_FORMS = {
    "people": people_form,
    "heard": lambda document: flatten({"listening": document["listening"]}),
    "help": lambda document: flatten(
        {"referrals": document.get("referrals", []), "self_help": document.get("self_help", [])}
    ),
    "offer": lambda document: flatten({"offer": document["offer"]}),
    "next": lambda document: flatten(
        {"next_steps": document.get("next_steps", []), "follow_up": document.get("follow_up")}
    ),
}


class Wizard:
    """One proposal being written through the test client."""

    def __init__(self, client, prospect: dict = PROSPECT):
        self.client = client
        response = client.post("/proposals/new", data=prospect)
        assert response.status_code == 302, response.status_code
        self.id = int(response.location.split("/")[2])

    def url(self, slug: str) -> str:
        return f"/proposals/{self.id}/step/{slug}"

    def post(self, slug: str, form: dict, action: str = "next"):
        return self.client.post(self.url(slug), data={**form, "action": action})

    def get(self, slug: str):
        return self.client.get(self.url(slug))

    def choose_sample(self, sample_id: str):
        return self.post("sample", {"mode": "library", "sample_id": sample_id}, action="choose")

    def complete(self, document: dict) -> None:
        """Walk every step with the document's content; each must save and move on."""
        for slug in ("people", "heard"):
            self._expect_redirect(self.post(slug, STEP_FORMS[slug](document)), slug)
        if "id" in document["sample"]:
            self._expect_redirect(self.choose_sample(document["sample"]["id"]), "sample")
        response = self.post("sample", sample_form(document), action="work")
        self._expect_redirect(response, "sample")
        for slug in ("help", "offer", "next"):
            self._expect_redirect(self.post(slug, STEP_FORMS[slug](document)), slug)

    def _expect_redirect(self, response, slug: str) -> None:
        assert response.status_code == 302, (
            f"{slug}: {response.status_code}\n" + response.get_data(as_text=True)[:3000]
        )

    def proposal(self, session) -> Proposal:
        session.expire_all()
        return session.get(Proposal, self.id)
