"""The question editor's images: attach a file, crop from the slide shown, list, remove.

Mixed into `QuestionEditor` (desktop/question_editor.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.crop_dialog import CropDialog
from desktop.shortcuts import native_text
from storage.domain import Question, QuestionImage
from storage.slide_images import ImageError, load_image_file, unique_name


class ImageSection:
    """The "Images" box and what attaches images to the question."""

    def _build_images_box(self) -> QGroupBox:
        self.images_box = QGroupBox("Images")
        self.image_list = QListWidget()
        self.image_list.setObjectName("imageList")
        self.image_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.image_list.setIconSize(QSize(128, 72))
        self.image_list.setFixedHeight(104)
        self.image_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.image_list.setMovement(QListWidget.Movement.Static)
        self.attach_button = QPushButton("Attach file…")
        self.attach_button.clicked.connect(self.attach_image_dialog)
        self.crop_button = QPushButton("Crop from slide…")
        self.crop_button.setToolTip("Take a rectangle of the slide shown on the left as the image")
        self.crop_button.setEnabled(False)
        self.crop_button.clicked.connect(self.crop_from_slide)
        self.remove_image_button = QPushButton("Remove")
        self.remove_image_button.clicked.connect(self.remove_selected_image)
        image_buttons = QHBoxLayout()
        image_buttons.addWidget(self.attach_button)
        image_buttons.addWidget(self.crop_button)
        image_buttons.addWidget(self.remove_image_button)
        image_buttons.addStretch(1)
        images_layout = QVBoxLayout(self.images_box)
        images_layout.setContentsMargins(6, 6, 6, 6)
        images_layout.addWidget(self.image_list)
        images_layout.addLayout(image_buttons)
        self.image_message = QLabel("")
        self.image_message.setWordWrap(True)
        self.image_message.setStyleSheet("color: #b00020;")
        self.image_message.hide()
        images_layout.addWidget(self.image_message)
        return self.images_box

    def set_current_slide(self, pdf_path: str | Path | None, page: int | None) -> None:
        """The slide "Crop from slide" crops from (the one shown left), or None."""
        ok = pdf_path is not None and page is not None and str(pdf_path).lower().endswith(".pdf")
        self._current_slide = (Path(pdf_path), int(page)) if ok else None  # type: ignore[arg-type]
        self.crop_button.setEnabled(ok)
        self.crop_button.setToolTip(
            f"Take a rectangle of slide {page} as the image ({native_text('crop_image')})"
            if ok
            else "Show a PDF slide on the left to crop from it"
        )

    @property
    def current_slide(self) -> tuple[Path, int] | None:
        return self._current_slide

    def add_image(self, image: QuestionImage) -> QuestionImage:
        """Attach an image (its name made unique within the question)."""
        q = self._state
        name = unique_name(image.name, {i.name for i in q.images})
        image = QuestionImage(name, image.data)
        self._change(replace(q, images=(*q.images, image)), "add_image")
        self.image_message.hide()
        return image

    def remove_selected_image(self) -> None:
        row = self.image_list.currentRow()
        q = self._state
        if 0 <= row < len(q.images):
            self._change(replace(q, images=q.images[:row] + q.images[row + 1 :]), "remove_image")

    def attach_image_file(self, path: str | Path) -> QuestionImage | None:
        """Attach a PNG/JPEG file; a bad file is explained under the images, nothing lost."""
        try:
            image = load_image_file(path)
        except ImageError as exc:
            self.image_message.setText(str(exc))
            self.image_message.show()
            return None
        return self.add_image(image)

    def attach_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Attach an image", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.attach_image_file(path)

    def crop_from_slide(self) -> QuestionImage | None:
        """Open the crop dialog on the current slide; the rectangle becomes an image."""
        if self._current_slide is None or not self.isEnabled():
            return None
        pdf, page = self._current_slide
        dialog = CropDialog(pdf, page, parent=self)
        if dialog.exec() != CropDialog.DialogCode.Accepted:
            return None
        image = dialog.image()
        return self.add_image(image) if image is not None else None

    def show_image_error(self, message: str) -> None:
        self.image_message.setText(message)
        self.image_message.show()

    def _show_images(self, q: Question) -> None:
        self.remove_image_button.setEnabled(bool(q.images))
        self.image_list.setVisible(bool(q.images))
        self.images_box.setTitle(f"Images ({len(q.images)})" if q.images else "Images (none)")
        names = [
            self.image_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.image_list.count())
        ]
        wanted = [f"{i.name}:{len(i.data)}" for i in q.images]
        if names == wanted:
            return
        self.image_list.clear()
        for img in q.images:
            pix = QPixmap()
            pix.loadFromData(img.data)
            item = QListWidgetItem(QIcon(pix), img.name)
            item.setData(Qt.ItemDataRole.UserRole, f"{img.name}:{len(img.data)}")
            item.setToolTip(
                f"{img.name} — {pix.width()}×{pix.height()} px, {len(img.data) // 1024} KB"
            )
            self.image_list.addItem(item)
