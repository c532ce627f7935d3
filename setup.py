"""Where setuptools finds the package and its data (everything else is in pyproject.toml).

``resources/`` (templates, sample media, icons) and ``ui/`` (style sheet, translations) sit at
the top of the repository, and a wheel carries them inside the package as
``shortvid_desktop/resources`` and ``shortvid_desktop/ui``, where ``shortvid_desktop/paths.py``
finds them through ``importlib.resources``. The package list is found here rather than listed in
pyproject.toml, so a new sub-package cannot be left out of the wheel.
"""

from setuptools import find_packages, setup

DATA_DIRS = {"shortvid_desktop.resources": "resources", "shortvid_desktop.ui": "ui"}

setup(
    packages=[*find_packages(include=["shortvid_desktop", "shortvid_desktop.*"]), *DATA_DIRS],
    package_dir=DATA_DIRS,
    include_package_data=False,  # the data is what package_data says, nothing from a manifest
    package_data={name: ["**/*"] for name in DATA_DIRS},
    # the translation sources and their helper script stay in the repository (Qt reads the .qm)
    exclude_package_data={
        "": ["*.pyc", "*/__pycache__/*", "__pycache__/*"],
        "shortvid_desktop.ui": ["*.ts", "*.py"],
    },
)
