"""Chat formats: how a (system, user) exchange is written for each model family.

A GGUF file carries its chat format as a Jinja template (`tokenizer.chat_template`).
gpt4all 2.8.2 cannot run Jinja, and this project does not need it: the handful
of formats the usable model families share are written out here, and
`template_for` recognises them by their marker tokens.

Beginning-of-sequence tokens (`<s>`, `<bos>`, `<|begin_of_text|>`) are never
written: llama.cpp (in GPT4All and in servers) adds them itself when the model
asks for one, and a second one hurts the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


def _no_placeholders(text: str) -> str:
    # llama.cpp's template parser takes %1 and %2 anywhere for placeholders.
    return re.sub(r"%([12])", "%\u200b\\1", text)


@dataclass(frozen=True)
class ChatTemplate:
    """One chat format. `user_turn` holds `{user}`; `system_turn` holds `{system}`.

    Formats without a system role (Gemma, Mistral, Llama 2 through its own
    markers) put the system text in front of the user's message instead.
    """

    name: str
    system_turn: str  # "" when the format has no system turn of its own
    user_turn: str  # ends with the assistant's header: generation starts right after it
    stop: tuple[str, ...]  # text that marks the end of the assistant's turn
    inline_system: str = "{system}\n\n"  # used when system_turn is "": prefixed to the user text
    guessed: bool = False  # True when the model's metadata did not say which format it uses

    def _user_text(self, system: str, user: str) -> str:
        if system and not self.system_turn:
            return self.inline_system.replace("{system}", system) + user
        return user

    def render(self, system: str, user: str) -> str:
        """The whole prompt as one string, for plain completion (no BOS token)."""
        head = self.system_turn.replace("{system}", system) if system and self.system_turn else ""
        return head + self.user_turn.replace("{user}", self._user_text(system, user))

    def gpt4all_chat(self, system: str) -> tuple[str, str]:
        """`(system_prompt, prompt_template)` for gpt4all 2.8.2's `chat_session`.

        gpt4all fills the template with `str.format(user)`, so braces in
        text that formats without a system turn put into the template are doubled.
        """
        user_turn = self.user_turn.replace("{user}", "\x00")
        if system and not self.system_turn:
            prefix = self.inline_system.replace("{system}", _no_placeholders(system))
            user_turn = user_turn.replace("\x00", prefix + "\x00")
            system_prompt = ""
        else:
            system_prompt = self.system_turn.replace("{system}", system) if system else ""
        template = user_turn.replace("{", "{{").replace("}", "}}").replace("\x00", "{0}")
        return system_prompt, template

    def llmodel_template(self, system: str) -> str:
        """The whole prompt around `%1` (the user's text), for gpt4all's `LLModel.prompt_model`.

        The template's text is read with special tokens on and `%1` with them
        off, so markers in slide text stay plain text. llama.cpp treats `%1`
        and `%2` in a template as placeholders; in the system text they would
        be misread, so they get a zero-width space.
        """
        safe_system = _no_placeholders(system)
        if system and not self.system_turn:
            prefix = self.inline_system.replace("{system}", safe_system)
            return self.user_turn.replace("{user}", prefix + "%1")
        head = self.system_turn.replace("{system}", safe_system) if system else ""
        return head + self.user_turn.replace("{user}", "%1")


CHATML = ChatTemplate(
    name="chatml",
    system_turn="<|im_start|>system\n{system}<|im_end|>\n",
    user_turn="<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n",
    stop=("<|im_end|>", "<|im_start|>", "<|endoftext|>"),
)

LLAMA3 = ChatTemplate(
    name="llama3",
    system_turn="<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>",
    user_turn=(
        "<|start_header_id|>user<|end_header_id|>\n\n{user}<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    ),
    stop=("<|eot_id|>", "<|start_header_id|>", "<|end_of_text|>"),
)

PHI3 = ChatTemplate(
    name="phi3",
    system_turn="<|system|>\n{system}<|end|>\n",
    user_turn="<|user|>\n{user}<|end|>\n<|assistant|>\n",
    stop=("<|end|>", "<|user|>", "<|endoftext|>"),
)

# Gemma has no system role: Google's template puts it at the top of the first
# user turn.
GEMMA = ChatTemplate(
    name="gemma",
    system_turn="",
    user_turn="<start_of_turn>user\n{user}<end_of_turn>\n<start_of_turn>model\n",
    stop=("<end_of_turn>", "<start_of_turn>"),
)

# Mistral Instruct (v0.1-v0.3): no system role; the system text leads the first
# [INST] block.
MISTRAL = ChatTemplate(
    name="mistral",
    system_turn="",
    user_turn="[INST] {user} [/INST]",
    stop=("</s>", "[INST]"),
)

LLAMA2 = ChatTemplate(
    name="llama2",
    system_turn="",
    user_turn="[INST] {user} [/INST]",
    stop=("</s>", "[INST]"),
    inline_system="<<SYS>>\n{system}\n<</SYS>>\n\n",
)

TEMPLATES: dict[str, ChatTemplate] = {
    t.name: t for t in (CHATML, LLAMA3, PHI3, GEMMA, MISTRAL, LLAMA2)
}

# Marker text in a model's Jinja chat template, most specific first.
_MARKERS: tuple[tuple[tuple[str, ...], ChatTemplate], ...] = (
    (("<|start_header_id|>",), LLAMA3),
    (("<|im_start|>",), CHATML),
    (("<|user|>", "<|end|>"), PHI3),
    (("<start_of_turn>",), GEMMA),
    (("<<SYS>>",), LLAMA2),
    (("[INST]",), MISTRAL),
)

# Architectures whose chat format is settled enough to pick without a template.
_BY_ARCHITECTURE: dict[str, ChatTemplate] = {
    "phi3": PHI3,
    "gemma": GEMMA,
    "gemma2": GEMMA,
    "qwen2": CHATML,
    "qwen2moe": CHATML,
    "qwen": CHATML,
    "internlm2": CHATML,
}


def template_for(metadata: Mapping[str, object]) -> ChatTemplate:
    """The chat format a model expects, from its GGUF metadata.

    Reads `tokenizer.chat_template` first, then `general.architecture`. When
    neither settles it, ChatML is returned with `guessed=True` so the caller
    can warn that answers may be poor.
    """
    jinja = metadata.get("tokenizer.chat_template")
    if isinstance(jinja, str):
        for markers, template in _MARKERS:
            if all(m in jinja for m in markers):
                return template
    arch = metadata.get("general.architecture")
    if isinstance(arch, str) and arch in _BY_ARCHITECTURE:
        return _BY_ARCHITECTURE[arch]
    return ChatTemplate(
        name=CHATML.name,
        system_turn=CHATML.system_turn,
        user_turn=CHATML.user_turn,
        stop=CHATML.stop,
        guessed=True,
    )
