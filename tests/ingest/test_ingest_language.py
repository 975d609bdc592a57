"""detect_language: stopword profiles for Latin text, Unicode script otherwise."""

from __future__ import annotations


import pytest

from newscred.ingest import detect_language

SENTENCES = {
    "en": "The harbour board said on Monday that the new ferry would not enter service until the "
    "spring, because the engines had failed two of the sea trials.",
    "es": "La junta del puerto dijo el lunes que el nuevo ferri no entrará en servicio hasta la "
    "primavera, porque los motores fallaron en dos de las pruebas.",
    "fr": "Le conseil du port a déclaré lundi que le nouveau ferry ne sera pas mis en service "
    "avant le printemps, car les moteurs ont échoué à deux des essais.",
    "de": "Die Hafenbehörde sagte am Montag, dass die neue Fähre erst im Frühjahr in Dienst "
    "gestellt wird, weil die Motoren bei zwei der Probefahrten versagt haben.",
    "it": "Il consiglio del porto ha detto lunedì che il nuovo traghetto non entrerà in servizio "
    "prima della primavera, perché i motori hanno fallito due delle prove.",
    "pt": "A administração do porto disse na segunda-feira que o novo ferry não vai entrar em "
    "serviço antes da primavera, porque os motores falharam em dois dos testes.",
    "nl": "Het havenbestuur zei maandag dat de nieuwe veerboot pas in het voorjaar in dienst "
    "wordt genomen, omdat de motoren bij twee van de proefvaarten faalden.",
    "ru": "Управление порта заявило в понедельник, что новый паром не выйдет на линию до весны.",
    "el": "Η λιμενική αρχή δήλωσε τη Δευτέρα ότι το νέο πλοίο δεν θα μπει σε δρομολόγια πριν την άνοιξη.",
    "ja": "港湾局は月曜日、新しいフェリーは春まで就航しないと発表した。",
    "zh": "港务局周一表示，新渡轮要到春季才能投入运营。",
    "ko": "항만청은 월요일 새 여객선이 봄까지 운항을 시작하지 않을 것이라고 밝혔다.",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_detects_the_language_of_a_sentence(language: str) -> None:
    assert detect_language(SENTENCES[language]) == language


@pytest.mark.parametrize("text", ["Ferry delayed", "", "12 34 56 78 90", "Oslo Bergen Trondheim Stavanger Tromsø"])
def test_too_short_or_unclear_is_none(text: str) -> None:
    assert detect_language(text) is None
