"""Routes of this area of the site (being built)."""

from fastapi import APIRouter

router = APIRouter()
