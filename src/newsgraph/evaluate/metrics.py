"""Precision, recall and F1: the one definition every scorer uses."""

from __future__ import annotations


def precision(correct: int, predicted: int) -> float:
    return correct / predicted if predicted else 0.0


def recall(correct: int, gold: int) -> float:
    return correct / gold if gold else 0.0


def f1(precision_value: float, recall_value: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    total = precision_value + recall_value
    return 2 * precision_value * recall_value / total if total else 0.0
