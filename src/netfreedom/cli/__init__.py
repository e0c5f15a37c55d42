"""The command line: a thin shell over the library (:mod:`netfreedom.services`).

:mod:`.main` holds the group; each command family has its module; :mod:`.output` the shared
output options; :mod:`.errors` maps library errors to one line and an exit code.
"""
