"""Each chat format writes exactly what its model family was trained on, in the
three shapes the engines need, and the right one is picked from GGUF metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.bundled import ensure_bundled_model
from models.chat_templates import (
    CHATML,
    GEMMA,
    LLAMA2,
    LLAMA3,
    MISTRAL,
    PHI3,
    TEMPLATES,
    ChatTemplate,
    template_for,
)
from models.model_files import read_gguf_header

SYSTEM = "You write exam questions."
USER = "Slide 3: BPE merges frequent pairs."

# What each family's own (Hugging Face) chat template produces for one system
# and one user message with add_generation_prompt=True, minus the BOS token
# that llama.cpp adds by itself.
EXPECTED = {
    "chatml": (
        "<|im_start|>system\nYou write exam questions.<|im_end|>\n"
        "<|im_start|>user\nSlide 3: BPE merges frequent pairs.<|im_end|>\n"
        "<|im_start|>assistant\n"
    ),
    "llama3": (
        "<|start_header_id|>system<|end_header_id|>\n\nYou write exam questions.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nSlide 3: BPE merges frequent pairs.<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    ),
    "phi3": (
        "<|system|>\nYou write exam questions.<|end|>\n"
        "<|user|>\nSlide 3: BPE merges frequent pairs.<|end|>\n"
        "<|assistant|>\n"
    ),
    # Gemma has no system role: its template puts the system text first in the user turn.
    "gemma": (
        "<start_of_turn>user\nYou write exam questions.\n\nSlide 3: BPE merges frequent pairs."
        "<end_of_turn>\n<start_of_turn>model\n"
    ),
    "mistral": "[INST] You write exam questions.\n\nSlide 3: BPE merges frequent pairs. [/INST]",
    "llama2": (
        "[INST] <<SYS>>\nYou write exam questions.\n<</SYS>>\n\n"
        "Slide 3: BPE merges frequent pairs. [/INST]"
    ),
}

WITHOUT_SYSTEM = {
    "chatml": "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
    "llama3": (
        "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    ),
    "phi3": "<|user|>\nhi<|end|>\n<|assistant|>\n",
    "gemma": "<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\n",
    "mistral": "[INST] hi [/INST]",
    "llama2": "[INST] hi [/INST]",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_format_renders_what_its_family_expects(name: str) -> None:
    template = TEMPLATES[name]
    assert template.render(SYSTEM, USER) == EXPECTED[name]
    assert template.render("", "hi") == WITHOUT_SYSTEM[name]
    assert not template.render(SYSTEM, USER).startswith(("<s>", "<bos>", "<|begin_of_text|>"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_gpt4all_chat_session_strings_give_the_same_prompt(name: str) -> None:
    template = TEMPLATES[name]
    system_prompt, prompt_template = template.gpt4all_chat(SYSTEM)
    # gpt4all 2.8.2 feeds system_prompt first, then prompt_template.format(user).
    assert system_prompt + prompt_template.format(USER) == EXPECTED[name]
    assert prompt_template.count("{0}") == 1
    assert not re.search(r"%1(?![0-9])", prompt_template)  # chat_session refuses a literal %1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_llmodel_template_wraps_the_user_text_once(name: str) -> None:
    template = TEMPLATES[name]
    whole = template.llmodel_template(SYSTEM)
    assert whole.count("%1") == 1
    assert whole.replace("%1", USER) == EXPECTED[name]


def test_braces_and_placeholders_in_system_text_survive() -> None:
    system = 'Answer as JSON: {"stem": "...", "options": []} and never write %1 or %2.'
    for template in (GEMMA, CHATML):
        system_prompt, prompt_template = template.gpt4all_chat(system)
        rendered = system_prompt + prompt_template.format(USER)
        assert '{"stem": "...", "options": []}' in rendered
        assert not re.search(r"%[12]", prompt_template)
    assert CHATML.llmodel_template(system).count("%1") == 1  # only the real placeholder
    assert "%\u200b1" in CHATML.llmodel_template(system)


def test_every_format_knows_the_text_that_ends_its_turn() -> None:
    assert "<|im_end|>" in CHATML.stop
    assert "<|eot_id|>" in LLAMA3.stop
    assert "<|end|>" in PHI3.stop
    assert "<end_of_turn>" in GEMMA.stop
    assert "</s>" in MISTRAL.stop and "</s>" in LLAMA2.stop


# --- choosing a format from metadata ---------------------------------------------

# Short but real excerpts of each family's tokenizer.chat_template.
JINJA = {
    "qwen2.5": "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' }}",
    "llama3.2": (
        "{{- bos_token }}{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}"
        "{{- '<|eot_id|>' }}"
    ),
    "phi3.5": (
        "{% for message in messages %}{% if message['role'] == 'system' %}"
        "{{'<|system|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == "
        "'user' %}{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}"
    ),
    "gemma2": (
        "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
    ),
    "mistral": "{{ bos_token }}{% for message in messages %}{{ '[INST] ' + message['content'] }}",
    "llama2": (
        "{% set system_message = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' %}[INST]"
    ),
}


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("qwen2.5", CHATML),
        ("llama3.2", LLAMA3),
        ("phi3.5", PHI3),
        ("gemma2", GEMMA),
        ("mistral", MISTRAL),
        ("llama2", LLAMA2),
    ],
)
def test_the_format_is_read_from_the_jinja_template(family: str, expected: ChatTemplate) -> None:
    metadata = {"general.architecture": "llama", "tokenizer.chat_template": JINJA[family]}
    chosen = template_for(metadata)
    assert chosen == expected
    assert not chosen.guessed


def test_without_a_template_the_architecture_decides() -> None:
    assert template_for({"general.architecture": "phi3"}) == PHI3
    assert template_for({"general.architecture": "gemma2"}) == GEMMA
    assert template_for({"general.architecture": "qwen2"}) == CHATML


def test_an_unknown_format_falls_back_to_chatml_with_a_warning_flag() -> None:
    for metadata in (
        {},
        {"general.architecture": "llama"},  # Llama 2, Llama 3, Mistral, Hermes...: can't tell
        {"general.architecture": "falcon", "tokenizer.chat_template": "{{ 'User: ' }}"},
        {"tokenizer.chat_template": 42},
    ):
        chosen = template_for(metadata)
        assert chosen.name == "chatml"
        assert chosen.guessed
        assert chosen.render("", "hi") == WITHOUT_SYSTEM["chatml"]


@pytest.fixture(scope="session")
def bundled_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One copy for the whole session, shared with the other model tests.
    return ensure_bundled_model(tmp_path_factory.getbasetemp() / "bundled-model")


def test_the_bundled_smollm2_is_recognised_as_chatml(bundled_model: Path) -> None:
    metadata = read_gguf_header(bundled_model).metadata
    assert "<|im_start|>" in str(metadata["tokenizer.chat_template"])
    chosen = template_for(metadata)
    assert chosen == CHATML and not chosen.guessed
